import { NavLink } from 'react-router';
import { t } from '../i18n/index.js';
import { visibleItems } from '../navigation.js';
import { useUser } from './session.js';

/** The main navigation: only the pages the user's roles let them open. NavLink marks the current one. */
export const SiteNav = () => {
  const user = useUser();
  return (
    <nav className="site-nav" aria-label={t('nav.label')}>
      <ul className="site-nav__list container">
        {visibleItems(user).map((item) => (
          <li key={item.path}>
            <NavLink to={item.path} end={item.path === '/'} className="site-nav__link">
              {t(item.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
};
