/**
 * Walks the real OpenID Connect sign-in of a listening node the way a browser does (redirects, cookies,
 * the provider's login form), without a browser, and returns the session cookie.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const eq = (pair ?? '').indexOf('=');
      const name = (pair ?? '').slice(0, eq).trim();
      const value = (pair ?? '').slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface LoginOutcome {
  readonly jar: CookieJar;
  readonly finalUrl: string;
  readonly finalStatus: number;
  readonly finalBody: string;
}

export async function signIn(
  baseUrl: string,
  username: string,
  password: string,
  returnTo = '/',
): Promise<LoginOutcome> {
  return signInFrom(`${baseUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`, username, password);
}

/** The same walk from any sign-in start, such as the citizens' `/auth/citizen/login`. */
export async function signInFrom(start: string, username: string, password: string): Promise<LoginOutcome> {
  const jar = new CookieJar();
  let url = start;
  let init: RequestInit = {};
  for (let hop = 0; hop < 15; hop++) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string> | undefined), cookie: jar.header() },
    });
    jar.take(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      url = new URL(location, url).href;
      init = {};
      continue;
    }
    const body = await response.text();
    const form = /<form method="post" action="([^"]+)"/.exec(body);
    if (response.status === 200 && form?.[1] !== undefined && init.method === undefined) {
      url = new URL(form[1], url).href;
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password }).toString(),
      };
      continue;
    }
    return { jar, finalUrl: url, finalStatus: response.status, finalBody: body };
  }
  throw new Error('sign-in did not finish within 15 redirects');
}
