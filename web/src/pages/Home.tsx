import { Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canOpen, useAuth, type Page } from '../auth';
import type { MessageKey } from '../messages';
import { ZONES } from '../zones';

/** What this person can open, as large targets. */
export function HomePage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const tiles: { to: string; label: string; page: Page }[] = [
    ...ZONES.map((z) => ({ to: `/station/${z}`, label: t(`zone_${z}` as MessageKey), page: 'station' as const })),
    { to: '/monitoring', label: t('monitoringDesk'), page: 'monitoring' },
    { to: '/board', label: t('board'), page: 'board' },
    { to: '/recalls', label: t('recalls'), page: 'recalls' },
    { to: '/problems', label: t('pr_title'), page: 'problems' },
    { to: '/department', label: t('departmentPage'), page: 'department' },
    { to: '/department/supplies', label: t('sup_deptTitle'), page: 'departmentSupplies' },
    { to: '/department/requisitions', label: t('rq_deptTitle'), page: 'departmentRequisitions' },
    { to: '/department/surveys', label: t('sv_deptTitle'), page: 'departmentSurveys' },
    { to: '/department/reports', label: t('dr_title'), page: 'departmentReports' },
    { to: '/requisitions', label: t('rq_title'), page: 'requisitions' },
    { to: '/supplies', label: t('sup_title'), page: 'supplies' },
    { to: '/equipment', label: t('eq_title'), page: 'equipment' },
    { to: '/disinfectants', label: t('dis_title'), page: 'disinfectants' },
    { to: '/shift-handover', label: t('sh_title'), page: 'shiftHandover' },
    { to: '/defects', label: t('def_title'), page: 'defects' },
    { to: '/quality-reviews', label: t('qr_title'), page: 'qualityReviews' },
    { to: '/repairs', label: t('rp_title'), page: 'repairs' },
    { to: '/loaners', label: t('ln_title'), page: 'loaners' },
    { to: '/visitors', label: t('vis_title'), page: 'visitors' },
    { to: '/surveys', label: t('sv_title'), page: 'surveys' },
    { to: '/provenance', label: t('provenance'), page: 'provenance' },
    { to: '/catalog', label: t('cat_title'), page: 'catalog' },
    { to: '/users', label: t('users_title'), page: 'users' },
    { to: '/reports/workload', label: t('wl_title'), page: 'reports' },
    { to: '/reports/sterilization-register', label: t('reg_title'), page: 'register' },
    { to: '/reports/quality-indicators', label: t('qi_title'), page: 'indicators' },
    { to: '/audit/events', label: t('au_title'), page: 'audit' },
  ];
  return (
    <>
      <Typography.Title level={2}>{me?.displayName}</Typography.Title>
      <Row gutter={[16, 16]}>
        {tiles
          .filter((x) => canOpen(me, x.page))
          .map((x) => (
            <Col key={x.to} xs={24} sm={12} md={8}>
              <Link to={x.to} data-testid={`tile-${x.to.replaceAll('/', '-').slice(1)}`}>
                <Card hoverable style={{ fontSize: 24, textAlign: 'center' }}>
                  {x.label}
                </Card>
              </Link>
            </Col>
          ))}
      </Row>
    </>
  );
}
