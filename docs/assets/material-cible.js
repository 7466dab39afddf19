// Material for MkDocs 9.7.7, partials/javascripts/content.html, moved out of the page (CSP).
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
