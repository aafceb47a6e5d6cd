import { Alert, Button, Layout, Space, Spin, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { onConnectivity } from './api/client';
import { canOpen, useAuth, type Page } from './auth';
import { setLanguage } from './i18n';
import { HomePage } from './pages/Home';
import { DepartmentPage } from './pages/Department';
import { LoginPage } from './pages/Login';
import { ProvenancePage } from './pages/Provenance';
import { StationPage } from './pages/Station';
import { MonitoringPage } from './pages/Monitoring';
import { BoardPage } from './pages/Board';
import { RecallsPage } from './pages/Recalls';
import { RecallPage } from './pages/Recall';
import { ProblemsPage } from './pages/Problems';
import { CatalogPage } from './pages/catalog/Catalog';
import { UsersPage } from './pages/catalog/Users';
import { WorkloadPage } from './pages/catalog/Workload';

/** A page this role may open; anyone else sees why not (the service refuses the same anyway). */
function Guard({ page, children }: { page: Page; children: ReactNode }) {
  const { me, loading } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (loading) return <Spin />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!canOpen(me, page)) return <Alert data-testid="forbidden" type="error" showIcon message={t('forbiddenPage')} />;
  return <>{children}</>;
}

function Header() {
  const { t, i18n } = useTranslation();
  const { me, signOut } = useAuth();
  const [online, setOnline] = useState(true);
  useEffect(() => onConnectivity(setOnline), []);
  return (
    <>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#0b3d62' }}>
        <Link to="/" style={{ color: '#fff', fontSize: 20, fontWeight: 600 }}>
          {t('appName')}
        </Link>
        <Space>
          {me && <Typography.Text style={{ color: '#fff' }} data-testid="me">{me.displayName}</Typography.Text>}
          {/* The switch names the other language in that language: declared, for screen readers (WCAG 3.1.2). */}
          <Button data-testid="language" lang={i18n.language === 'en' ? 'zh-CN' : 'en'} autoInsertSpace={false} onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}>
            {t('language')}
          </Button>
          {me && (
            <Button data-testid="sign-out" onClick={signOut}>
              {t('signOut')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      {!online && <Alert data-testid="offline" type="error" banner message={t('offline')} />}
    </>
  );
}

export function App() {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header />
      <Layout.Content style={{ padding: 24, maxWidth: 1400, width: '100%', margin: '0 auto' }}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/" element={<Guard page="provenance"><HomePage /></Guard>} />
          <Route path="/station/:zone" element={<Guard page="station"><StationPage /></Guard>} />
          <Route path="/department" element={<Guard page="department"><DepartmentPage /></Guard>} />
          <Route path="/provenance/:barcode?" element={<Guard page="provenance"><ProvenancePage /></Guard>} />
          <Route path="/monitoring" element={<Guard page="monitoring"><MonitoringPage /></Guard>} />
          <Route path="/board" element={<Guard page="board"><BoardPage /></Guard>} />
          <Route path="/recalls" element={<Guard page="recalls"><RecallsPage /></Guard>} />
          <Route path="/recalls/:id" element={<Guard page="recalls"><RecallPage /></Guard>} />
          <Route path="/problems" element={<Guard page="problems"><ProblemsPage /></Guard>} />
          <Route path="/catalog/:kind?" element={<Guard page="catalog"><CatalogPage /></Guard>} />
          <Route path="/users" element={<Guard page="users"><UsersPage /></Guard>} />
          <Route path="/reports/workload" element={<Guard page="reports"><WorkloadPage /></Guard>} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}
