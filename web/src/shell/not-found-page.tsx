import { Link } from 'react-router';
import { t } from '../i18n/index.js';
import { Page } from './page.js';

export const NotFoundPage = () => (
  <Page title={t('notFound.title')}>
    <p>{t('notFound.body')}</p>
    <p>
      <Link to="/">{t('notFound.home')}</Link>
    </p>
  </Page>
);
