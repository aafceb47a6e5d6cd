import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getFile, saveFile, type ApiError } from '../../api/client';

/** Files from the service, saved through the browser: which one is on its way, and the refusal for the page to show. */
export function useFileDownload() {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const download = async (path: string, key: string = path) => {
    setBusy(key);
    setError(null);
    try {
      const { blob, filename } = await getFile(path);
      saveFile(blob, filename);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(null);
    }
  };
  return { download, busy, error };
}

/** A report's XLSX and PDF downloads (`path` with or without its query): the two buttons, and the refusal for the page to show. */
export function useReportDownloads(path: string, enabled: boolean) {
  const { t } = useTranslation();
  const { download, busy, error } = useFileDownload();
  const get = (format: 'xlsx' | 'pdf') => void download(`${path}${path.includes('?') ? '&' : '?'}format=${format}`, format);
  const buttons = (
    <>
      <Button data-testid="download-xlsx" type="primary" loading={busy === 'xlsx'} disabled={!enabled} onClick={() => get('xlsx')}>
        {t('reg_downloadXlsx')}
      </Button>
      <Button data-testid="download-pdf" loading={busy === 'pdf'} disabled={!enabled} onClick={() => get('pdf')}>
        {t('reg_downloadPdf')}
      </Button>
    </>
  );
  return { buttons, error };
}
