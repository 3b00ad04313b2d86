/// The frame every kwcluster page shares (the report file and the dashboard's pages): one
/// document with its style and script inline, so a report opens from disk with no network.
public enum HtmlPage {
    /// A complete HTML document. `script` is appended at the end of the body (it only adds
    /// search, sorting and live updates: every page reads fully without it).
    public static func document(title: String, body: String, script: String = HtmlPage.tableScript) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="kwcluster">
        <title>\(HtmlText.escape(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        \(body)
        <script>\(script)</script>
        </body>
        </html>

        """
    }

    public static let style = """
    :root{color-scheme:light;--ink:#1d232b;--muted:#5b6572;--line:#e3e6ea;--soft:#f5f6f8;--accent:#3b6ea5}
    *{box-sizing:border-box}
    body{margin:0 auto;max-width:1280px;padding:20px 24px 48px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
    h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
    a{color:var(--accent)}
    .sub{color:var(--muted);margin:0 0 12px}
    .partial{background:#fff4d6;border:1px solid #e6c35c;border-radius:6px;padding:8px 12px;margin:12px 0;font-weight:600}
    .failed{background:#fde7e9;border-color:#d9757f}
    .stats{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0;padding:0;list-style:none}
    .stats li{background:var(--soft);border-radius:6px;padding:6px 12px}.stats b{display:block;font-size:18px}
    .treemap{display:block;width:100%;height:auto;border-radius:6px;background:var(--soft)}
    .treemap rect{stroke:#fff;stroke-width:.6}.treemap a:hover rect,.treemap a:focus rect{opacity:.82}
    .treemap text{font-size:11px;fill:#fff;pointer-events:none}.treemap .v{fill:#ffffffcc}
    .treemap rect.dim{opacity:.15}
    .treemap rect.hub{fill:#33373d;stroke:#fff;stroke-width:1.5}.treemap text.hub{font-weight:600}
    .legend{display:flex;flex-wrap:wrap;gap:14px;list-style:none;padding:0;margin:8px 0;color:var(--muted)}
    .swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
    .timeline{display:block;width:100%;height:56px;background:var(--soft);border-radius:4px}
    .caption,.note{color:var(--muted);font-size:13px;margin:4px 0}
    .tools{display:flex;gap:12px;align-items:center;margin:8px 0}
    #search{font:inherit;padding:6px 10px;border:1px solid #c9ced5;border-radius:6px;width:min(420px,100%)}
    table{border-collapse:collapse;width:100%}
    th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
    th{position:sticky;top:0;background:#fff;font-weight:600;white-space:nowrap;box-shadow:0 1px 0 var(--line)}
    th[data-sort]{cursor:pointer}th[aria-sort=ascending]::after{content:" ▲";font-size:10px}th[aria-sort=descending]::after{content:" ▼";font-size:10px}
    td[data-value]{text-align:right;font-variant-numeric:tabular-nums}
    tr:target{background:#eef4fb}
    summary{cursor:pointer;font-weight:600}
    .kw{margin:6px 0 4px;padding-left:22px;columns:2 220px;font-size:13px}.kw li{break-inside:avoid}
    .kw .primary{font-weight:600}.kw .v{color:var(--muted);margin-left:6px;font-variant-numeric:tabular-nums}
    .more{color:var(--muted);font-size:12px;margin:2px 0 6px}
    .intent{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;background:var(--c,#6f6f6f);font-size:12px}
    .page-type{white-space:nowrap;font-size:13px}.page-type small{color:var(--muted)}
    td:last-child{max-width:260px;overflow-wrap:anywhere}
    nav{margin:0 0 12px;color:var(--muted)}
    .downloads a{margin-right:10px}
    progress{width:240px;vertical-align:middle}
    """

    /// Sorting (click a column header) and search (filters rows and dims the treemap) for the
    /// cluster table; does nothing on a page without it.
    public static let tableScript = """
    (function(){
    var table=document.getElementById('clusters');if(!table)return;
    var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows),texts=null,cells={};
    Array.prototype.forEach.call(document.querySelectorAll('.treemap rect[data-cluster]'),function(r){cells['c'+r.getAttribute('data-cluster')]=r;});
    var search=document.getElementById('search'),count=document.getElementById('shown');
    if(search){search.parentNode.hidden=false;search.addEventListener('input',function(){
    if(!texts)texts=rows.map(function(r){return r.textContent.toLowerCase();});
    var q=search.value.trim().toLowerCase(),shown=0;
    rows.forEach(function(r,i){var m=!q||texts[i].indexOf(q)>=0;r.hidden=!m;if(m)shown++;var c=cells[r.id];if(c)c.classList.toggle('dim',!m);});
    if(count)count.textContent=q?shown+' of '+rows.length+' clusters match':'';});}
    var heads=table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads,function(th,col){if(!th.hasAttribute('data-sort'))return;th.addEventListener('click',function(){
    var numeric=th.getAttribute('data-sort')==='number',dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
    Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
    th.setAttribute('aria-sort',dir>0?'ascending':'descending');
    var key=function(r){var c=r.cells[col];return numeric?+c.getAttribute('data-value'):(c.querySelector('summary')||c).textContent.toLowerCase();};
    var keyed=rows.map(function(r){return [key(r),r];});
    keyed.sort(function(a,b){return a[0]<b[0]?-dir:a[0]>b[0]?dir:0;});
    var f=document.createDocumentFragment();keyed.forEach(function(k){f.appendChild(k[1]);});body.appendChild(f);
    rows=keyed.map(function(k){return k[1];});texts=null;});});
    })();
    """
}
