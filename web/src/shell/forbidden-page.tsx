import { Link } from 'react-router';
import { t } from '../i18n/index.js';
import { Page } from './page.js';

export const ForbiddenPage = () => (
  <Page title={t('forbidden.title')}>
    <p>{t('forbidden.body')}</p>
    <p>
      <Link to="/">{t('forbidden.home')}</Link>
    </p>
  </Page>
);
