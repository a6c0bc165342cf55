/* From mkdocs-material 9.8.2 partials/javascripts/outdated.html; the base URL
   comes from the data-md-base attribute of this <script>. Copyright (c) 2016-2025 Martin Donath, MIT License (mkdocs-material). */
!function(){
var el=document.querySelector("[data-md-component=outdated]"),base=new URL(document.currentScript.getAttribute("data-md-base"),location),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)
}();
