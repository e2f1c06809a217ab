/** The dashboard: a header, the page the URL's hash names (and its market), and the credits. */
import { DeploymentProvider } from './components/Deployment.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { MarketProvider } from './components/Market.js';
import { useRoute } from './lib/route.js';
import { DayPage } from './pages/DayPage.js';
import { JobsPage } from './pages/JobsPage.js';
import { OverviewPage } from './pages/OverviewPage.js';

export function App() {
  const [route, navigate] = useRoute();
  const pageProps = { params: route.params, navigate };
  return (
    <DeploymentProvider>
      <MarketProvider params={route.params}>
        <Header current={route.page} params={route.params} navigate={navigate} />
        <main id="main" tabIndex={-1}>
          {route.page === 'overview' && <OverviewPage key={route.params.toString()} {...pageProps} />}
          {route.page === 'day' && <DayPage {...pageProps} />}
          {route.page === 'jobs' && <JobsPage {...pageProps} />}
        </main>
        <Footer />
      </MarketProvider>
    </DeploymentProvider>
  );
}
