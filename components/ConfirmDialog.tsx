import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

/**
 * A question before something that cannot be undone, as a native modal `<dialog>`: opened with
 * `showModal`, so focus moves in (to Cancel, the safe answer), the page behind is inert, and
 * Escape answers Cancel. On closing, focus goes back to where it was.
 */
export function ConfirmDialog(props: {
  open: boolean;
  id: string;
  title: string;
  confirm: string;
  cancel: string;
  /** While the action runs: both buttons wait, and Escape does nothing. */
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
  children: ComponentChildren;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (props.open && !element.open) {
      opener.current = document.activeElement as HTMLElement | null;
      element.showModal();
    } else if (!props.open && element.open) {
      element.close();
      if (opener.current?.isConnected) opener.current.focus();
      opener.current = null;
    }
  }, [props.open]);
  return (
    <dialog
      ref={dialog}
      class="confirm"
      aria-labelledby={`${props.id}-title`}
      aria-describedby={`${props.id}-body`}
      data-testid={props.id}
      onCancel={(e) => {
        e.preventDefault();
        if (!props.busy) props.onCancel();
      }}
    >
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <div id={`${props.id}-body`}>{props.children}</div>
      <div class="actions">
        <button
          type="button"
          class="secondary"
          autoFocus
          disabled={props.busy}
          onClick={props.onCancel}
        >
          {props.cancel}
        </button>
        <button type="button" class="danger" disabled={props.busy} onClick={props.onConfirm}>
          {props.confirm}
        </button>
      </div>
    </dialog>
  );
}
