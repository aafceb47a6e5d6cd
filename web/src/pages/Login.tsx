import { Alert, Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { ApiError } from '../api/client';
import { useAuth } from '../auth';

export function LoginPage() {
  const { t } = useTranslation();
  const { signIn, signInWithBadge } = useAuth();
  const [badgeForm] = Form.useForm();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(() => {
    const expired = params.get('expired') || sessionStorage.getItem('cssd.expired');
    sessionStorage.removeItem('cssd.expired');
    return expired ? t('sessionExpired') : null;
  });
  const [busy, setBusy] = useState(false);
  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      void navigate(params.get('next') ?? '/', { replace: true });
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '70vh' }}>
      <Card style={{ width: 420 }}>
        <Typography.Title level={2}>{t('appName')}</Typography.Title>
        {error && <Alert data-testid="login-error" type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Tabs
          items={[
            {
              key: 'password',
              label: t('signInWithPassword'),
              children: (
                <Form
                  layout="vertical"
                  onFinish={(v: { username: string; password: string }) => attempt(() => signIn(v.username, v.password))}
                >
                  <Form.Item name="username" label={t('username')} rules={[{ required: true }]}>
                    <Input data-testid="username" size="large" autoFocus autoComplete="username" />
                  </Form.Item>
                  <Form.Item name="password" label={t('password')} rules={[{ required: true }]}>
                    <Input.Password data-testid="password" size="large" autoComplete="current-password" />
                  </Form.Item>
                  <Button data-testid="sign-in" type="primary" htmlType="submit" size="large" block loading={busy}>
                    {t('signIn')}
                  </Button>
                </Form>
              ),
            },
            {
              // At a station: the scanner reads the badge (then Enter), the nurse types her PIN.
              key: 'badge',
              label: t('signInWithBadge'),
              children: (
                <Form
                  form={badgeForm}
                  layout="vertical"
                  onFinish={(v: { badgeCode: string; pin: string }) => attempt(() => signInWithBadge(v.badgeCode.trim(), v.pin))}
                >
                  <Form.Item name="badgeCode" label={t('badge')} rules={[{ required: true }]}>
                    <Input
                      data-testid="login-badge"
                      size="large"
                      autoFocus
                      autoComplete="off"
                      onPressEnter={(e) => {
                        e.preventDefault();
                        (document.querySelector('[data-testid="login-pin"]') as HTMLInputElement | null)?.focus();
                      }}
                    />
                  </Form.Item>
                  <Form.Item name="pin" label={t('pin')} rules={[{ required: true }]}>
                    <Input.Password data-testid="login-pin" size="large" autoComplete="off" />
                  </Form.Item>
                  <Button data-testid="sign-in-badge" type="primary" htmlType="submit" size="large" block loading={busy}>
                    {t('signIn')}
                  </Button>
                </Form>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
