import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useAnnounce } from '../shell/status.js';

/**
 * A message for the page an action ends on ("Submitted for review"), carried in the history entry's state.
 * The layout clears the status region when the address changes, so the page says it once its data has
 * arrived, then drops it from the entry so that reloading does not say it again.
 */
export const useFlash = (ready: boolean): void => {
  const location = useLocation();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const state: unknown = location.state;
  const flash =
    typeof state === 'object' && state !== null && 'flash' in state && typeof state.flash === 'string'
      ? state.flash
      : null;
  useEffect(() => {
    if (!ready || flash === null) return;
    announce(flash, { focus: true });
    void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  }, [ready, flash, announce, navigate, location.pathname, location.search]);
};

/** Findings carried in the history entry's state by the editor, from a save just before the address changed. */
export const arrivalFindings = (state: unknown): unknown =>
  typeof state === 'object' && state !== null && 'findings' in state ? state.findings : undefined;
