// Browser push (Web Push): the server's public key and a user's registered browsers.

export interface PushPublicKey {
  /** The VAPID public key (uncompressed P-256 point, base64url): `applicationServerKey` of `pushManager.subscribe`. */
  publicKey: string;
}

export interface PushSubscriptionView {
  id: string;
  endpoint: string;
  createdAt: string;
}
