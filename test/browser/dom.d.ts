// Browser tests run functions inside the page (page.waitForFunction): they see the DOM.
/// <reference lib="dom" />
