import common from './common';
import auth from './auth';
import layout from './layout';
import home from './home';
import orgs from './orgs';
import accounts from './accounts';
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

export default { common, auth, layout, home, orgs, accounts, reference, audit, campaigns, forms, review, excel, completeness, notifications, catalogue, matchmaking, events };
