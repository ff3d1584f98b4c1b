/** Reported by /healthz and the OpenAPI document; kept in step with package.json's version. */
export const SERVER_VERSION = '0.1.0';
