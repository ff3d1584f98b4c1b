/** Items per page the library asks the core for (offset/limit), as the list scrolls. */
export const LIBRARY_PAGE_SIZE = 100;
