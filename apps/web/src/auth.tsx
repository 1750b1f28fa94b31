import { createContext, useContext } from 'react';
import type { Session } from './api';

export interface AuthState {
  session: Session | null;
  login(s: Session): void;
  logout(): void;
}

export const AuthCtx = createContext<AuthState>({ session: null, login: () => undefined, logout: () => undefined });

export function useAuth(): AuthState {
  return useContext(AuthCtx);
}
