/** Minimal, accessible server-rendered pages for the sign-in steps that happen outside the web app. */
export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Salus</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1b1b1b; background: #f4f6f9; line-height: 1.5; }
  header { background: #1d4e89; color: #fff; padding: 0.75rem 1.5rem; font-weight: 700; font-size: 1.25rem; }
  main { max-width: 36rem; margin: 2rem auto; background: #fff; padding: 2rem; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
  h1 { margin-top: 0; font-size: 1.5rem; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { width: 100%; box-sizing: border-box; padding: 0.5rem; font-size: 1rem; border: 2px solid #5a6270; border-radius: 4px; }
  input:focus, button:focus, a:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
  button { margin-top: 1.5rem; background: #1d4e89; color: #fff; border: 0; padding: 0.6rem 1.4rem; font-size: 1rem; border-radius: 4px; cursor: pointer; }
  .error { border-left: 5px solid #b00020; background: #fdecee; padding: 0.75rem 1rem; margin-bottom: 1rem; }
  table { border-collapse: collapse; width: 100%; margin-top: 1rem; font-size: 0.9rem; }
  th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #d0d5dd; }
  caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
  a { color: #1d4e89; }
</style>
</head>
<body>
<header>Salus</header>
<main id="main">
${body}
</main>
</body>
</html>`;
}
