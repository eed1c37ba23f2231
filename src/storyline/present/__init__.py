"""The present stage: what people see. The HTML report and the web app share one set of views and templates."""
