// Starts Swagger UI on both services' OpenAPI documents, the page's own service first (the
// <html data-service> of /api/docs). Through Kong both documents resolve, and the key the page
// was opened with (/api/docs?apikey=KEY, kept in window.nisApiKey) goes with every request the
// page makes; on a service reached directly only its own document does, and no key is needed.
// Served from the jar with Swagger UI itself: nothing from a CDN, and no call to the online
// validator (validatorUrl: null).
(function () {
  var own = document.documentElement.dataset.service;
  window.ui = SwaggerUIBundle({
    urls: [
      { url: "/api/courses/openapi.json", name: "courses" },
      { url: "/api/students/openapi.json", name: "students" }
    ],
    "urls.primaryName": own,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
    requestInterceptor: function (request) {
      if (window.nisApiKey) {
        request.headers["X-API-KEY"] = window.nisApiKey;
      }
      return request;
    }
  });
})();
