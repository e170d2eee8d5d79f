/** Saves a file the app made (a CSV, an export) through the browser's download. */
export function download(name: string, content: Blob | string): void {
  const blob = typeof content === "string"
    ? new Blob([content], { type: "text/csv;charset=utf-8" })
    : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  // Revoked once the browser has taken the file (a large export can take a while).
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
