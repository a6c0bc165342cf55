/* From mkdocs-material 9.8.2 partials/javascripts/content.html, 2nd script
   (unchanged, wrapped in a function scope). Copyright (c) 2016-2025 Martin Donath, MIT License (mkdocs-material). */
!function(){
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
}();
