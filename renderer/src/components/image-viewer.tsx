import { useRef, useState } from 'react';

const ZOOMS = [0.5, 1, 2, 4, 8];

/**
 * An image with zoom steps (buttons, + and - keys, "Fit"), panned by scrolling, arrow keys or
 * dragging with the pointer.
 */
export function ImageViewer({ url, title }: { url: string; title: string }) {
  const [zoom, setZoom] = useState<number | null>(null); // null: fit the frame
  // Small images (48 px sketches) are shown at least 320 px wide; zoom multiplies that.
  const [base, setBase] = useState(320);
  const frame = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const step = (direction: 1 | -1) => {
    const current = zoom ?? 1;
    const index = ZOOMS.findIndex((z) => z >= current);
    setZoom(ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, index + direction))] ?? current);
  };
  return (
    <div className="image-viewer">
      <div className="reader-toolbar" role="toolbar" aria-label="Image">
        <button type="button" onClick={() => step(-1)} aria-label="Zoom out">
          −
        </button>
        <output data-testid="image-zoom">{zoom === null ? 'Fit' : `${zoom * 100}%`}</output>
        <button type="button" onClick={() => step(1)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => setZoom(null)}>
          Fit
        </button>
      </div>
      <div
        className="image-frame"
        ref={frame}
        tabIndex={0}
        role="group"
        aria-label={`${title}, scroll or drag to pan`}
        onKeyDown={(event) => {
          if (event.key === '+' || event.key === '=') step(1);
          else if (event.key === '-') step(-1);
        }}
        onPointerDown={(event) => {
          drag.current = { x: event.clientX, y: event.clientY };
          event.currentTarget.setPointerCapture(event.pointerId);
        }}
        onPointerMove={(event) => {
          if (!drag.current || !frame.current) return;
          frame.current.scrollBy(drag.current.x - event.clientX, drag.current.y - event.clientY);
          drag.current = { x: event.clientX, y: event.clientY };
        }}
        onPointerUp={() => {
          drag.current = null;
        }}
      >
        <img
          className={zoom === null ? 'viewer-image' : 'viewer-image zoomed'}
          src={url}
          alt={title}
          draggable={false}
          onLoad={(event) => setBase(Math.max(320, event.currentTarget.naturalWidth))}
          style={zoom === null ? undefined : { width: `${base * zoom}px` }}
        />
      </div>
    </div>
  );
}
