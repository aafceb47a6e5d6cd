import { Alert, Button, Layout, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { onConnectivity } from './api/client';
import { canOpen, useAuth, type Page } from './auth';
import { setLanguage } from './i18n';
import { HomePage } from './pages/Home';
import { LoginPage } from './pages/Login';

/**
 * Each page is its own chunk, fetched when its route is opened: a station PC loads the station,
 * not the board, the catalog or the reports. `preload` starts the fetch while the service is
 * still asked who is signed in, instead of after it.
 */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  let loading: Promise<Record<K, ComponentType>> | undefined;
  const preload = () => (loading ??= load());
  return Object.assign(
    lazy(() => preload().then((m) => ({ default: m[name] }))),
    { preload },
  );
}

const StationPage = lazyPage(() => import('./pages/Station'), 'StationPage');
const DepartmentPage = lazyPage(() => import('./pages/Department'), 'DepartmentPage');
const ProvenancePage = lazyPage(() => import('./pages/Provenance'), 'ProvenancePage');
const MonitoringPage = lazyPage(() => import('./pages/Monitoring'), 'MonitoringPage');
const BoardPage = lazyPage(() => import('./pages/Board'), 'BoardPage');
const RecallsPage = lazyPage(() => import('./pages/Recalls'), 'RecallsPage');
const RecallPage = lazyPage(() => import('./pages/Recall'), 'RecallPage');
const ProblemsPage = lazyPage(() => import('./pages/Problems'), 'ProblemsPage');
const CatalogPage = lazyPage(() => import('./pages/catalog/Catalog'), 'CatalogPage');
const UsersPage = lazyPage(() => import('./pages/catalog/Users'), 'UsersPage');
const SuppliesPage = lazyPage(() => import('./pages/Supplies'), 'SuppliesPage');
const DisinfectantsPage = lazyPage(() => import('./pages/Disinfectants'), 'DisinfectantsPage');
const DepartmentSuppliesPage = lazyPage(() => import('./pages/DepartmentSupplies'), 'DepartmentSuppliesPage');
const EquipmentPage = lazyPage(() => import('./pages/Equipment'), 'EquipmentPage');
const WorkloadPage = lazyPage(() => import('./pages/catalog/Workload'), 'WorkloadPage');
const SterilizationRegisterPage = lazyPage(() => import('./pages/reports/SterilizationRegister'), 'SterilizationRegisterPage');
const RecallReportPage = lazyPage(() => import('./pages/reports/RecallReport'), 'RecallReportPage');
const QualityIndicatorsPage = lazyPage(() => import('./pages/reports/QualityIndicators'), 'QualityIndicatorsPage');
const DepartmentReportsPage = lazyPage(() => import('./pages/reports/DepartmentReports'), 'DepartmentReportsPage');
const AuditSearchPage = lazyPage(() => import('./pages/AuditSearch'), 'AuditSearchPage');
const RequisitionsPage = lazyPage(() => import('./pages/Requisitions'), 'RequisitionsPage');
const ManifestPage = lazyPage(() => import('./pages/Manifest'), 'ManifestPage');
const DepartmentRequisitionsPage = lazyPage(() => import('./pages/DepartmentRequisitions'), 'DepartmentRequisitionsPage');
const DefectsPage = lazyPage(() => import('./pages/Defects'), 'DefectsPage');
const VisitorsPage = lazyPage(() => import('./pages/Visitors'), 'VisitorsPage');
const RepairsPage = lazyPage(() => import('./pages/Repairs'), 'RepairsPage');
const LoanersPage = lazyPage(() => import('./pages/Loaners'), 'LoanersPage');
const ShiftHandoverPage = lazyPage(() => import('./pages/ShiftHandover'), 'ShiftHandoverPage');
const QualityReviewsPage = lazyPage(() => import('./pages/QualityReviews'), 'QualityReviewsPage');
const SurveysPage = lazyPage(() => import('./pages/Surveys'), 'SurveysPage');
const DepartmentSurveysPage = lazyPage(() => import('./pages/DepartmentSurveys'), 'DepartmentSurveysPage');

/** A page this role may open; anyone else sees why not (the service refuses the same anyway). */
function Guard({ page, component: Component }: { page: Page; component: ComponentType & { preload?: () => unknown } }) {
  Component.preload?.();
  const { me, loading } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (loading) return <Spin />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!canOpen(me, page)) return <Alert data-testid="forbidden" type="error" showIcon message={t('forbiddenPage')} />;
  // No words while a page's code arrives: a spinner reads the same in both languages.
  return (
    <Suspense fallback={<Spin data-testid="page-loading" />}>
      <Component />
    </Suspense>
  );
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
          {me && (
            <Typography.Text style={{ color: '#fff' }} data-testid="me">
              {me.displayName}
            </Typography.Text>
          )}
          {/* The switch names the other language in that language: declared, for screen readers (WCAG 3.1.2). */}
          <Button
            data-testid="language"
            lang={i18n.language === 'en' ? 'zh-CN' : 'en'}
            autoInsertSpace={false}
            onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}
          >
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
          <Route path="/" element={<Guard page="provenance" component={HomePage} />} />
          <Route path="/station/:zone" element={<Guard page="station" component={StationPage} />} />
          <Route path="/department" element={<Guard page="department" component={DepartmentPage} />} />
          <Route path="/provenance/:barcode?" element={<Guard page="provenance" component={ProvenancePage} />} />
          <Route path="/monitoring" element={<Guard page="monitoring" component={MonitoringPage} />} />
          <Route path="/board" element={<Guard page="board" component={BoardPage} />} />
          <Route path="/recalls" element={<Guard page="recalls" component={RecallsPage} />} />
          <Route path="/recalls/:id" element={<Guard page="recalls" component={RecallPage} />} />
          <Route path="/recalls/:id/report" element={<Guard page="recallReport" component={RecallReportPage} />} />
          <Route path="/problems" element={<Guard page="problems" component={ProblemsPage} />} />
          <Route path="/catalog/:kind?" element={<Guard page="catalog" component={CatalogPage} />} />
          <Route path="/users" element={<Guard page="users" component={UsersPage} />} />
          <Route path="/supplies" element={<Guard page="supplies" component={SuppliesPage} />} />
          <Route path="/disinfectants" element={<Guard page="disinfectants" component={DisinfectantsPage} />} />
          <Route path="/department/supplies" element={<Guard page="departmentSupplies" component={DepartmentSuppliesPage} />} />
          <Route path="/equipment" element={<Guard page="equipment" component={EquipmentPage} />} />
          <Route path="/reports/workload" element={<Guard page="reports" component={WorkloadPage} />} />
          <Route path="/reports/sterilization-register" element={<Guard page="register" component={SterilizationRegisterPage} />} />
          <Route path="/reports/quality-indicators" element={<Guard page="indicators" component={QualityIndicatorsPage} />} />
          <Route path="/audit/events" element={<Guard page="audit" component={AuditSearchPage} />} />
          <Route path="/requisitions" element={<Guard page="requisitions" component={RequisitionsPage} />} />
          <Route path="/rounds/:id" element={<Guard page="requisitions" component={ManifestPage} />} />
          <Route path="/department/requisitions" element={<Guard page="departmentRequisitions" component={DepartmentRequisitionsPage} />} />
          <Route path="/defects" element={<Guard page="defects" component={DefectsPage} />} />
          <Route path="/visitors" element={<Guard page="visitors" component={VisitorsPage} />} />
          <Route path="/repairs" element={<Guard page="repairs" component={RepairsPage} />} />
          <Route path="/loaners" element={<Guard page="loaners" component={LoanersPage} />} />
          <Route path="/shift-handover" element={<Guard page="shiftHandover" component={ShiftHandoverPage} />} />
          <Route path="/quality-reviews" element={<Guard page="qualityReviews" component={QualityReviewsPage} />} />
          <Route path="/surveys" element={<Guard page="surveys" component={SurveysPage} />} />
          <Route path="/department/surveys" element={<Guard page="departmentSurveys" component={DepartmentSurveysPage} />} />
          <Route path="/department/reports" element={<Guard page="departmentReports" component={DepartmentReportsPage} />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}
