// Starts GraphiQL on the /graphql page, from the files this server serves itself.
(function () {
  "use strict";

  var endpoint = window.location.origin + window.location.pathname;
  var welcome = [
    "# Tenantry's GraphQL API. Log in first (demo password: tenantry-demo):",
    "#",
    "#   mutation {",
    '#     login(input: {email: "admin@demo.tenantry.test", password: "tenantry-demo"}) {',
    "#       token",
    "#       userErrors { field message code }",
    "#     }",
    "#   }",
    "#",
    "# then put this in the Headers pane below:",
    '#   {"Authorization": "Bearer <token>"}',
    "# Ctrl-Enter runs the query; Ctrl-Space completes a name.",
    "",
    "{ viewer { user { email } organization { name } role } }",
    "",
  ].join("\n");

  // shouldPersistHeaders covers the tabs, but GraphiQL's history (and its favourites) still
  // record each run's headers: strip them on the way into localStorage. Anything that
  // cannot be read is not stored at all rather than stored whole.
  var historyKeys = ["graphiql:queries", "graphiql:favorites"];

  function withoutHeaders(value) {
    try {
      var history = JSON.parse(value);
      (history.queries || []).forEach(function (entry) {
        delete entry.headers;
      });
      return JSON.stringify(history);
    } catch (error) {
      return null;
    }
  }

  var storage = {
    getItem: function (key) {
      return localStorage.getItem(key);
    },
    setItem: function (key, value) {
      var kept = historyKeys.indexOf(key) === -1 ? value : withoutHeaders(value);
      if (kept !== null) {
        localStorage.setItem(key, kept);
      }
    },
    removeItem: function (key) {
      localStorage.removeItem(key);
    },
    clear: function () {
      localStorage.clear();
    },
    key: function (index) {
      return localStorage.key(index);
    },
    get length() {
      return localStorage.length;
    },
  };

  var fetcher = GraphiQL.createFetcher({
    url: endpoint,
    subscriptionUrl: endpoint.replace(/^http/, "ws"),
  });

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      storage: storage,
      plugins: [GraphiQLPluginExplorer.explorerPlugin()],
      defaultQuery: welcome,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      // A bearer token typed into the Headers pane lives in this tab's memory only: a
      // persisted one would sit in localStorage, readable by any script on this origin,
      // long after the tab is closed.
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    }),
  );
})();
