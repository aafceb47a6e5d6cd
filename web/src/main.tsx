import '@fontsource-variable/noto-sans-sc';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { AuthProvider } from './auth';
import { CONTRAST, CONTRAST_COMPONENTS } from './contrast';
import './i18n';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

/** People who asked their system for less motion get no animations (dialogs open at once). */
const REDUCED_MOTION = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/** The bundled Noto Sans SC first: station PCs (and the test browser) often have no CJK font. */
const FONT = "'Noto Sans SC Variable', 'Noto Sans SC', system-ui, sans-serif";

function Root() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{
        token: { ...CONTRAST, fontFamily: FONT, fontSize: 16, controlHeight: 40, motion: !REDUCED_MOTION },
        components: CONTRAST_COMPONENTS,
      }}
    >
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <App />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

document.body.style.fontFamily = FONT;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Root />
    </QueryClientProvider>
  </StrictMode>,
);
