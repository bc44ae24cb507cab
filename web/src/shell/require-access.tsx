import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { canAccess, type Access } from '../navigation.js';
import { ForbiddenPage } from './forbidden-page.js';
import { useUser } from './session.js';
import { SignInPage } from './sign-in-page.js';

/** Renders a page only for those its access rule admits; others are told why, in words. */
export const RequireAccess = ({
  access,
  children,
}: {
  readonly access: Access;
  readonly children: ReactNode;
}) => {
  const user = useUser();
  const location = useLocation();
  if (canAccess(access, user)) return children;
  return user === null ? <SignInPage returnTo={location.pathname + location.search} /> : <ForbiddenPage />;
};
