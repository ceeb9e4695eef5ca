/**
 * PDF → text with page markers, through pdf.js. Loaded only when a PDF is
 * dropped, so the page does not pay for it otherwise. pdf.js runs its parser
 * in its own worker, served from our origin like everything else.
 */
export async function pdfToText(bytes: ArrayBuffer, onPage?: (done: number, total: number) => void): Promise<string> {
  const pdfjs = await import('pdfjs-dist');
  const workerUrl = (await import('pdfjs-dist/build/pdf.worker.min.mjs?url')).default;
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  } catch (e) {
    throw new Error(`This PDF could not be read (${e instanceof Error ? e.message : String(e)}). Is it damaged or password-protected?`);
  }
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push(`--- Page ${i} of ${doc.numPages} ---\n${text.trim()}`);
    onPage?.(i, doc.numPages);
  }
  await doc.destroy();
  return pages.join('\n\n') + '\n';
}
