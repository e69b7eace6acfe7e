import { useEffect, useState } from 'react';
import { ApiError, get, post, setCsrf, whenSignedOut } from './api';

export interface Me { user: string; role: 'admin' | 'viewer'; csrf: string; expiresAt: string }

/** Who is signed in (null: nobody; undefined: still asking HQ). */
export function useSession() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    whenSignedOut(() => setMe(null));
    get<Me>('/me').then((m) => { setCsrf(m.csrf); setMe(m); }, (e) => setMe(e instanceof ApiError && e.status === 401 ? null : null));
  }, []);
  return {
    me,
    async signIn(user: string, password: string) {
      const m = await post<Me>('/login', { user, password });
      setCsrf(m.csrf);
      setMe(m);
    },
    async signOut() {
      await post('/logout').catch(() => undefined);
      setCsrf('');
      setMe(null);
    },
  };
}
