interface Props {
  title: string;
  text: string;
  checked: boolean;
  onSelect: () => void;
}

/** One option of the quote, as a radio card so the options sit side by side to compare. */
export function ReturnOptionCard({ title, text, checked, onSelect }: Props) {
  return (
    <label className={`option-card ${checked ? 'checked' : ''}`}>
      <input type="radio" name="return-option" checked={checked} onChange={onSelect} />
      <span className="option-title">{title}</span>
      <span className="option-text">{text}</span>
    </label>
  );
}
