// Placeholder until the dashboard lands (issue 4): proves the build and the server's static hosting.
const app = document.getElementById('app');
fetch('/api/health')
  .then((response) => response.json() as Promise<{ datasets: number }>)
  .then((health) => {
    if (app) app.querySelector('p')!.textContent = `${health.datasets} datasets loaded.`;
  });
