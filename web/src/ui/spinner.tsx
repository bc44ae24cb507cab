/** A progress indicator that says in words what is happening; the animation is decoration only. */
export const Spinner = ({ label }: { readonly label: string }) => (
  <div className="spinner" role="status">
    <span className="spinner__icon" aria-hidden="true" />
    <span>{label}</span>
  </div>
);
