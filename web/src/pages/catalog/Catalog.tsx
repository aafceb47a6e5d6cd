import { Alert, Tabs, Typography } from 'antd';
import { BiProductsTab } from './BiProducts';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { DepartmentsTab } from './Departments';
import { useCanEdit } from './kit';
import { MachinesTab } from './Machines';
import { SetsTab } from './Sets';
import { TemplatesTab } from './Templates';

const TABS = ['departments', 'templates', 'sets', 'sterilizers', 'washers', 'biProducts'] as const;
type Tab = (typeof TABS)[number];

/** The head nurse's catalog (§3.1): one tab per kind, each at its own address (/catalog/<kind>). */
export function CatalogPage() {
  const { t } = useTranslation();
  const { kind } = useParams<{ kind?: string }>();
  const navigate = useNavigate();
  const canEdit = useCanEdit();
  const tab: Tab = (TABS as readonly string[]).includes(kind ?? '') ? (kind as Tab) : 'departments';
  const content: Record<Tab, React.ReactNode> = {
    departments: <DepartmentsTab />,
    templates: <TemplatesTab />,
    sets: <SetsTab />,
    sterilizers: <MachinesTab kind="sterilizers" />,
    washers: <MachinesTab kind="washers" />,
    biProducts: <BiProductsTab />,
  };
  return (
    <>
      <Typography.Title level={2}>{t('cat_title')}</Typography.Title>
      {!canEdit && <Alert type="info" showIcon message={t('cat_readOnly')} style={{ marginBottom: 16 }} />}
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(`/catalog/${k}`)}
        destroyOnHidden
        items={TABS.map((k) => ({ key: k, label: <span data-testid={`tab-${k}`}>{t(`cat_${k}`)}</span>, children: content[k] }))}
      />
    </>
  );
}
