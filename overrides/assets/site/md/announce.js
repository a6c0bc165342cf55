/* From mkdocs-material 9.8.2 partials/javascripts/announce.html (unchanged,
   wrapped in a function scope). Copyright (c) 2016-2025 Martin Donath, MIT License (mkdocs-material). */
!function(){
var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)}
}();
