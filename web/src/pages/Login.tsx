import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { ApiError } from '../api/client';
import { useAuth } from '../auth';

export function LoginPage() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(() => {
    const expired = params.get('expired') || sessionStorage.getItem('cssd.expired');
    sessionStorage.removeItem('cssd.expired');
    return expired ? t('sessionExpired') : null;
  });
  const [busy, setBusy] = useState(false);
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '70vh' }}>
      <Card style={{ width: 420 }}>
        <Typography.Title level={2}>{t('appName')}</Typography.Title>
        {error && <Alert data-testid="login-error" type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form
          layout="vertical"
          onFinish={async (v: { username: string; password: string }) => {
            setBusy(true);
            try {
              await signIn(v.username, v.password);
              navigate(params.get('next') ?? '/', { replace: true });
            } catch (e) {
              setError((e as ApiError).message);
            } finally {
              setBusy(false);
            }
          }}
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
      </Card>
    </div>
  );
}
