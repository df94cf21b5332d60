// The address people open the platform at (PUBLIC_URL), for links that leave the request: the verification address
// and QR code printed in a signed agreement's footer, links in mails. Set once at start from the environment; without
// it the default serves a local installation.
let origin = 'http://127.0.0.1:3000';

export function setPublicUrl(url: string | null | undefined): void {
  if (url) origin = url.replace(/\/+$/, '');
}

export function publicUrl(): string {
  return origin;
}
