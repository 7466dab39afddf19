// Material for MkDocs 9.7.7, partials/javascripts/base.html, moved out of the page so that
// the Content Security Policy needs no inline script (macros/domaine/securite.py). Material computes
// the scope from the page's depth (new URL(base_url, location)); this file lives in
// <site>/assets/, so the site's root is the folder above it: the same URL on every page.
__md_scope=new URL("..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
