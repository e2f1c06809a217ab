/** The dashboard: a header, the page the URL's hash names, and the credits. */
import { DeploymentProvider } from './components/Deployment.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { useRoute } from './lib/route.js';
import { DayPage } from './pages/DayPage.js';
import { JobsPage } from './pages/JobsPage.js';
import { OverviewPage } from './pages/OverviewPage.js';

export function App() {
  const [route, navigate] = useRoute();
  const pageProps = { params: route.params, navigate };
  return (
    <DeploymentProvider>
      <Header current={route.page} />
      <main id="main" tabIndex={-1}>
        {route.page === 'overview' && <OverviewPage key={route.params.toString()} {...pageProps} />}
        {route.page === 'day' && <DayPage {...pageProps} />}
        {route.page === 'jobs' && <JobsPage {...pageProps} />}
      </main>
      <Footer />
    </DeploymentProvider>
  );
}
