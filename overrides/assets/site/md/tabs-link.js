/* From mkdocs-material 9.8.2 partials/javascripts/content.html, 1st script
   (feature content.tabs.link; unchanged, wrapped in a function scope). Copyright (c) 2016-2025 Martin Donath, MIT License (mkdocs-material). */
!function(){
var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}
}();
