import type { ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AuditPage } from './audit/audit-page.js';
import { CataloguePage } from './catalogue/catalogue-page.js';
import { DatasetPage } from './catalogue/dataset-page.js';
import { EditDatasetPage, NewDatasetPage } from './catalogue/editor/editor-pages.js';
import { MyDatasetsPage, newDatasetPath } from './catalogue/my-datasets-page.js';
import { ReviewPage } from './catalogue/review-page.js';
import { DeliveriesPage } from './deliveries/deliveries-page.js';
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
import { ApplicationsPage, DashboardPage } from './access/applications-page.js';
import { CasePage } from './access/case-page.js';
import { EditApplicationPage, NewApplicationPage } from './access/form-page.js';
import { RegisterPage } from './access/register-page.js';
import { accessNav } from './access/nav.js';
import { OptOutPage } from './access/opt-out-page.js';
import { qualityNav } from './quality/nav.js';
import { QualityPage } from './quality/quality-page.js';
import { QualityDashboardPage } from './quality/dashboard-page.js';
import { CitizenOptOutPage } from './access/citizen-opt-out-page.js';
import { workspaceNav } from './workspace/nav.js';
import { WorkspacesPage } from './workspace/workspaces-page.js';
import { WorkspacePage } from './workspace/workspace-page.js';
import { OutputCheckPage, OutputChecksPage } from './workspace/output-checks-page.js';

// Each page is guarded by the same access rule that decides whether the nav shows it; pages outside the nav
// borrow the rule of the page they belong to.
const guarded = (item: NavItem, page: ReactNode, path: string = item.path) => (
  <Route path={path} element={<RequireAccess access={item.access}>{page}</RequireAccess>} />
);

export const App = () => (
  <BrowserRouter>
    <SessionProvider>
      <StatusProvider>
        <Layout>
          <Routes>
            {guarded(navigation.home, <HomePage />)}
            {guarded(navigation.catalogue, <CataloguePage />)}
            {guarded(navigation.catalogue, <DatasetPage />, '/catalogue/datasets/:id')}
            {guarded(navigation.myDatasets, <MyDatasetsPage />)}
            {guarded(navigation.myDatasets, <NewDatasetPage />, newDatasetPath)}
            {guarded(navigation.myDatasets, <EditDatasetPage />, '/catalogue/datasets/:id/edit')}
            {guarded(navigation.catalogueReview, <ReviewPage />)}
            {guarded(accessNav.applications, <ApplicationsPage />)}
            {guarded(accessNav.applications, <NewApplicationPage />, '/access/new/:track')}
            {guarded(accessNav.applications, <EditApplicationPage />, '/access/cases/:id/edit')}
            {guarded(accessNav.casePage, <CasePage />)}
            {guarded(accessNav.dashboard, <DashboardPage />)}
            {guarded(accessNav.register, <RegisterPage />)}
            {guarded(accessNav.optOut, <OptOutPage />)}
            {guarded(accessNav.citizenOptOut, <CitizenOptOutPage />)}
            {guarded(workspaceNav.workspaces, <WorkspacesPage />)}
            {guarded(workspaceNav.workspace, <WorkspacePage />)}
            {guarded(workspaceNav.outputChecks, <OutputChecksPage />)}
            {guarded(workspaceNav.outputCheck, <OutputCheckPage />)}
            {guarded(navigation.deliveries, <DeliveriesPage />)}
            {guarded(qualityNav.quality, <QualityPage />)}
            {guarded(qualityNav.dashboard, <QualityDashboardPage />)}
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
