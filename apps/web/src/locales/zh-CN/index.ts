import common from './common';
import auth from './auth';
import layout from './layout';
import home from './home';
import orgs from './orgs';
import accounts from './accounts';
import reference from './reference';
import audit from './audit';

export default { common, auth, layout, home, orgs, accounts, reference, audit };
