import { index, route, type RouteConfig } from '@remix-run/route-config';

/** Every URL in Samverka. Paths are Swedish, as the interface is Swedish first. */
export default [
  index('routes/home.tsx'),
  route('registrera', 'routes/sign-up.tsx'),
  route('logga-in', 'routes/sign-in.tsx'),
  route('logga-ut', 'routes/sign-out.tsx'),
  route('glomt-losenord', 'routes/forgot-password.tsx'),
  route('aterstall-losenord/:token', 'routes/reset-password.tsx'),
  route('konto', 'routes/account.tsx'),
  route('sprak', 'routes/language.tsx'),
  route('organisationer', 'routes/organizations.tsx'),
  route('organisationer/ny', 'routes/organization-new.tsx'),
  route('organisationer/:slug', 'routes/organization.tsx'),
  route('organisationer/:slug/medlemmar', 'routes/organization-members.tsx'),
  route('inbjudan/:token', 'routes/invitation.tsx'),
  route('admin', 'routes/admin.tsx'),
  route('dev/mail', 'routes/dev-mailbox.tsx'),
  route('healthz', 'routes/healthz.ts'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
