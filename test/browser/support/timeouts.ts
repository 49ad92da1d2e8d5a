// A journey's set-up starts the server and a browser and signs in; its steps load pages and run axe.
jest.setTimeout(60_000);
