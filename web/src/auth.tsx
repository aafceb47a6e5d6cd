import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { getJson, postOnce, setUnauthenticatedHandler, tokenStore } from './api/client';
import { STATION_ROLES } from './zones';

export type Role = 'admin' | 'head_nurse' | 'monitor' | 'nurse' | 'department';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
}

interface AuthState {
  me: Me | null;
  loading: boolean;
  signIn(username: string, password: string): Promise<void>;
  signInWithBadge(badgeCode: string, pin: string): Promise<void>;
  signOut(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(!!tokenStore.get());
  const navigate = useNavigate();
  const location = useLocation();

  // An expired token brings the nurse back to sign-in, then to the page she was on.
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      // Remembered for the sign-in page, whichever redirect gets there first (this one or a page's guard).
      sessionStorage.setItem('cssd.expired', '1');
      tokenStore.clear();
      setMe(null);
      const next = window.location.pathname + window.location.search;
      if (!window.location.pathname.startsWith('/login'))
        void navigate(`/login?expired=1&next=${encodeURIComponent(next)}`, { replace: true });
    });
  }, [navigate]);

  useEffect(() => {
    if (!tokenStore.get()) return;
    getJson<Me>('/api/auth/me')
      .then(setMe)
      .catch(() => tokenStore.clear())
      .finally(() => setLoading(false));
    // once, at start
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const answer = await postOnce<{ accessToken: string; user: Me }>('/api/auth/login', { username, password }, { retries: 1 });
    tokenStore.set(answer.accessToken);
    setMe(answer.user);
  }, []);

  const signInWithBadge = useCallback(async (badgeCode: string, pin: string) => {
    const answer = await postOnce<{ accessToken: string; user: Me }>('/api/auth/badge-login', { badgeCode, pin }, { retries: 1 });
    tokenStore.set(answer.accessToken);
    setMe(answer.user);
  }, []);

  const signOut = useCallback(() => {
    tokenStore.clear();
    setMe(null);
    void navigate('/login');
  }, [navigate]);

  const value = useMemo(() => ({ me, loading, signIn, signInWithBadge, signOut }), [me, loading, signIn, signInWithBadge, signOut]);
  void location;
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** Which pages each role opens (the service enforces the same on every route). */
export const PAGE_ROLES = {
  station: STATION_ROLES,
  monitoring: ['monitor', 'head_nurse'],
  board: ['head_nurse', 'admin'],
  recalls: ['head_nurse', 'monitor', 'admin'],
  recallReport: ['head_nurse', 'monitor', 'admin', 'department'], // a department: its own part of a recall
  problems: ['head_nurse', 'monitor', 'admin'],
  department: ['department'],
  provenance: ['admin', 'head_nurse', 'monitor', 'nurse', 'department'],
  catalog: ['head_nurse', 'admin'], // admin views; the head nurse edits
  users: ['head_nurse', 'admin'],
  reports: ['head_nurse', 'admin'],
  supplies: ['head_nurse', 'nurse', 'monitor', 'admin'],
  departmentSupplies: ['department'],
  equipment: ['head_nurse', 'nurse', 'monitor', 'admin'],
  register: ['head_nurse', 'monitor', 'admin'],
  indicators: ['head_nurse', 'monitor', 'admin'],
  audit: ['head_nurse', 'monitor'],
  disinfectants: ['nurse', 'head_nurse', 'monitor', 'admin'], // admin reads; the others record
  requisitions: ['nurse', 'head_nurse', 'monitor', 'admin'], // nurses refuse and close rounds, the head nurse sets base quantities; the others read
  departmentRequisitions: ['department'],
  defects: ['nurse', 'head_nurse', 'monitor', 'admin'], // admin reads; the others report; the head nurse investigates and closes
  repairs: ['nurse', 'head_nurse', 'monitor', 'admin'], // nurses and the head nurse record (she confirms scraps); the others read the register
  loaners: ['nurse', 'head_nurse'], // the CSSD's nurses receive loaner trays and hand them back (issue 16); a department sees its own on its page
  visitors: ['nurse', 'head_nurse', 'monitor', 'admin'], // the CSSD's staff request and record visits; the head nurse or admin approves
  shiftHandover: ['nurse', 'head_nurse', 'monitor'], // the CSSD's staff write, sign and read handovers (issue 17)
  qualityReviews: ['nurse', 'head_nurse', 'monitor', 'admin'], // the head nurse records; owners record their decisions done
  surveys: ['nurse', 'head_nurse', 'monitor', 'admin'], // the head nurse sets and closes; owners record their actions done
  departmentSurveys: ['department'],
  departmentReports: ['department'], // its own slice of the reports (issue 15)
} as const satisfies Record<string, readonly Role[]>;
export type Page = keyof typeof PAGE_ROLES;

export function canOpen(me: Me | null, page: Page): boolean {
  return !!me && (PAGE_ROLES[page] as readonly Role[]).includes(me.role);
}
