import { Link, useLocation } from 'react-router';
import { t } from '../i18n/index.js';
import { visibleItems, type NavItem } from '../navigation.js';
import { useUser } from './session.js';

// Pages nest (/catalogue, /catalogue/mine): the current item is the one with the longest path that holds the
// address, so that exactly one link is marked, and the dataset pages still mark the catalogue.
const currentItem = (items: readonly NavItem[], pathname: string): NavItem | undefined =>
  items
    .filter((item) =>
      item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`),
    )
    .sort((a, b) => b.path.length - a.path.length)[0];

/** The main navigation: only the pages the user's roles let them open, the current one marked. */
export const SiteNav = () => {
  const user = useUser();
  const { pathname } = useLocation();
  const items = visibleItems(user);
  const current = currentItem(items, pathname);
  return (
    <nav className="site-nav" aria-label={t('nav.label')}>
      <ul className="site-nav__list container">
        {items.map((item) => (
          <li key={item.path}>
            <Link
              to={item.path}
              className="site-nav__link"
              {...(item === current ? { 'aria-current': 'page' as const } : {})}
            >
              {t(item.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
};
