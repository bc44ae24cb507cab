import type { ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AuditPage } from './audit/audit-page.js';
import { HomePage } from './home/home-page.js';
import { navigation, type NavItem } from './navigation.js';
import { OrganisationsPage } from './organisations/organisations-page.js';
import { Layout } from './shell/layout.js';
import { NotFoundPage } from './shell/not-found-page.js';
import { RequireAccess } from './shell/require-access.js';
import { SessionProvider } from './shell/session.js';
import { StatusProvider } from './shell/status.js';
import { TokensPage } from './tokens/tokens-page.js';
import { UsersPage } from './users/users-page.js';

// Each page is guarded by the same access rule that decides whether the nav shows it.
const guarded = (item: NavItem, page: ReactNode) => (
  <Route path={item.path} element={<RequireAccess access={item.access}>{page}</RequireAccess>} />
);

export const App = () => (
  <BrowserRouter>
    <SessionProvider>
      <StatusProvider>
        <Layout>
          <Routes>
            {guarded(navigation.home, <HomePage />)}
            {guarded(navigation.tokens, <TokensPage />)}
            {guarded(navigation.users, <UsersPage />)}
            {guarded(navigation.organisations, <OrganisationsPage />)}
            {guarded(navigation.audit, <AuditPage />)}
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Layout>
      </StatusProvider>
    </SessionProvider>
  </BrowserRouter>
);
