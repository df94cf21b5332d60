import common from './common';
import auth from './auth';
import layout from './layout';
import home from './home';
import orgs from './orgs';
import accounts from './accounts';
import onboarding from './onboarding';
import reference from './reference';
import audit from './audit';
import campaigns from './campaigns';
import forms from './forms';
import review from './review';
import excel from './excel';
import completeness from './completeness';
import notifications from './notifications';
import catalogue from './catalogue';
import matchmaking from './matchmaking';
import events from './events';
import indicators from './indicators';
import agreements from './agreements';
import projects from './projects';
import warning from './warning';
import results from './results';
import inputs from './inputs';
import ops from './ops';
import duties from './duties';
import schoolBuilding from './schoolBuilding';

export default {
  common,
  auth,
  layout,
  home,
  orgs,
  accounts,
  onboarding,
  reference,
  audit,
  campaigns,
  forms,
  review,
  excel,
  completeness,
  notifications,
  catalogue,
  matchmaking,
  events,
  indicators,
  agreements,
  projects,
  warning,
  results,
  inputs,
  ops,
  duties,
  schoolBuilding,
};
