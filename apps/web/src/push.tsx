/**
 * Browser push: registers the service worker (public/sw.js) once a staff member is signed in, and a
 * header button that asks the browser's permission and registers this browser with the API
 * (`POST /api/me/push-subscriptions`), or removes it. The server then pushes the user's alerts here
 * even while no page of the app is open.
 */
import { App, Button, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, loadSession } from './api';
import type { components } from './api.generated';
import { useI18n } from './i18n';

type PushPublicKey = components['schemas']['PushPublicKey'];
type PushSubscriptionView = components['schemas']['PushSubscriptionView'];

/** unsupported: no service worker or push here; blocked: the user refused notifications to this site. */
type PushState = 'loading' | 'unsupported' | 'blocked' | 'off' | 'on' | 'busy';

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** Registers the service worker (idempotent); resolves once it is active. */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  return navigator.serviceWorker.ready;
}

/** Ends this browser's subscription (after a sign-out: no token left to tell the server). */
async function forgetThisBrowser(): Promise<void> {
  const registration = await navigator.serviceWorker.getRegistration('/');
  const subscription = await registration?.pushManager.getSubscription();
  await subscription?.unsubscribe();
}

/** This browser's subscription, if the server has it for the signed-in user. */
async function currentState(): Promise<PushState> {
  if (Notification.permission === 'denied') return 'blocked';
  const registration = await registerServiceWorker();
  const subscription = await registration.pushManager.getSubscription();
  if (!subscription) return 'off';
  const mine = await api<PushSubscriptionView[]>('/api/me/push-subscriptions');
  return mine.some((s) => s.endpoint === subscription.endpoint) ? 'on' : 'off';
}

export function PushToggle() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [state, setState] = useState<PushState>(() => (supported() ? 'loading' : 'unsupported'));

  useEffect(() => {
    if (!supported()) return;
    let live = true;
    currentState().then(
      (s) => live && setState(s),
      () => live && setState('off'),
    );
    return () => {
      live = false;
      // Unmounted because the user signed out (the session is already gone): this browser stops
      // receiving their alerts. Its push service then answers 410 and the server drops the row.
      if (!loadSession()) void forgetThisBrowser();
    };
  }, []);

  const turnOn = useCallback(async () => {
    setState('busy');
    try {
      // Asked from the click: browsers only ask the user during a gesture.
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        setState(permission === 'denied' ? 'blocked' : 'off');
        return;
      }
      const registration = await registerServiceWorker();
      const { publicKey } = await api<PushPublicKey>('/api/push/public-key');
      let subscription = await registration.pushManager.getSubscription();
      // A subscription made for another server key (keys replaced) cannot be used: start again.
      if (subscription && keyOf(subscription) !== publicKey) {
        await subscription.unsubscribe();
        subscription = null;
      }
      subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey });
      await api<PushSubscriptionView>('/api/me/push-subscriptions', { method: 'POST', body: subscription.toJSON() });
      setState('on');
      void message.success(t('pushTurnedOn'));
    } catch (err) {
      setState('off');
      void message.error(`${t('pushFailed')}: ${(err as Error).message}`);
    }
  }, [message, t]);

  const turnOff = useCallback(async () => {
    setState('busy');
    try {
      const registration = await registerServiceWorker();
      const subscription = await registration.pushManager.getSubscription();
      if (subscription) {
        await api<void>(`/api/me/push-subscriptions?endpoint=${encodeURIComponent(subscription.endpoint)}`, { method: 'DELETE' }).catch((err: { status?: number }) => {
          if (err.status !== 404) throw err;
        });
        await subscription.unsubscribe();
      }
      setState('off');
      void message.success(t('pushTurnedOff'));
    } catch (err) {
      setState('on');
      void message.error(`${t('pushFailed')}: ${(err as Error).message}`);
    }
  }, [message, t]);

  if (state === 'unsupported' || state === 'blocked') {
    return (
      <Tooltip title={t(state === 'blocked' ? 'pushBlocked' : 'pushUnsupported')}>
        <Button size="small" disabled data-testid="push-toggle" data-state={state}>
          {t('pushOff')}
        </Button>
      </Tooltip>
    );
  }
  const on = state === 'on';
  return (
    <Tooltip title={t(on ? 'pushOnHint' : 'pushOffHint')}>
      <Button
        size="small"
        type={on ? 'primary' : 'default'}
        ghost={on}
        aria-pressed={on}
        loading={state === 'loading' || state === 'busy'}
        data-testid="push-toggle"
        data-state={state}
        onClick={() => void (on ? turnOff() : turnOn())}
      >
        {t(on ? 'pushOn' : 'pushOff')}
      </Button>
    </Tooltip>
  );
}

/** The server key a subscription was made for, base64url as the API gives it. */
function keyOf(subscription: PushSubscription): string | undefined {
  const key = subscription.options.applicationServerKey;
  if (!key) return undefined;
  return btoa(String.fromCharCode(...new Uint8Array(key))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
