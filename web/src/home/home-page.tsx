import { Link, useLocation } from 'react-router';
import type { Me } from '../api.js';
import { t } from '../i18n/index.js';
import { navigation, visibleItems } from '../navigation.js';
import { sortRoles } from '../roles.js';
import { Page } from '../shell/page.js';
import { useUser } from '../shell/session.js';
import { SignInButton } from '../shell/sign-in-button.js';

const AnonymousHome = () => {
  const location = useLocation();
  return (
    <Page title={t('home.title')} heading={t('home.anonymous.heading')} lead={t('home.anonymous.lead')}>
      <p>{t('home.anonymous.what')}</p>
      <p>
        <Link to={navigation.catalogue.path}>{t('home.anonymous.catalogue')}</Link>
      </p>
      <p>{t('home.anonymous.signIn')}</p>
      <SignInButton returnTo={location.pathname + location.search} />
    </Page>
  );
};

const SignedInHome = ({ user }: { readonly user: Me }) => {
  const tasks = visibleItems(user).filter((item) => item.path !== navigation.home.path);
  return (
    <Page title={t('home.title')} heading={t('home.welcome', { name: user.displayName })}>
      <section aria-labelledby="home-organisation">
        <h2 id="home-organisation">{t('home.organisation')}</h2>
        {user.organisation === null ? (
          <p>{t('home.noOrganisation')}</p>
        ) : (
          <p>
            <strong>{user.organisation.name}</strong>{' '}
            <span className="muted">({t(`organisationKind.${user.organisation.kind}`)})</span>
          </p>
        )}
      </section>

      <section aria-labelledby="home-roles">
        <h2 id="home-roles">{t('home.rolesHeading')}</h2>
        {user.roles.length === 0 ? (
          <p>{t('home.noRoles')}</p>
        ) : (
          <dl className="role-descriptions">
            {sortRoles(user.roles).map((role) => (
              <div key={role} className="role-descriptions__item">
                <dt>{t(`role.${role}.name`)}</dt>
                <dd>{t(`role.${role}.description`)}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      {tasks.length > 0 && (
        <section aria-labelledby="home-tasks">
          <h2 id="home-tasks">{t('home.tasksHeading')}</h2>
          <ul className="cards">
            {tasks.map((item) => (
              <li key={item.path} className="card">
                <h3 className="card__title">
                  <Link to={item.path}>{t(item.label)}</Link>
                </h3>
                <p>{t(item.description)}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
};

export const HomePage = () => {
  const user = useUser();
  return user === null ? <AnonymousHome /> : <SignedInHome user={user} />;
};
