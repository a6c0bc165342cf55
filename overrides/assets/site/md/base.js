/* From mkdocs-material 9.8.2 partials/javascripts/base.html, unchanged except
   that the palette is stored only when the user has just acted (the theme
   would store it on every page load; this site stores nothing unasked) and
   that the scope comes from the data-md-scope attribute of this <script>.
   Must stay a classic, synchronous script (defines __md_get/__md_set for
   palette.js and the theme bundle). Copyright (c) 2016-2025 Martin Donath, MIT License (mkdocs-material). */
__md_scope=new URL(document.currentScript.getAttribute("data-md-scope"),location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{if(e==="__palette"&&!(navigator.userActivation&&navigator.userActivation.isActive))return;try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
