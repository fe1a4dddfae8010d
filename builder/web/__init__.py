"""The web page output kind: the handout's content as one accessible, self-contained HTML file.

`kind.py` declares it; `render.py` fills the web template with the handout's view model;
`inline.py` makes the page self-contained (images, styles and fonts inside it, nothing fetched);
`typefaces.py` subsets the brand fonts to the page's characters; `pictures.py` draws the page in
headless Chromium for `preview`.
"""
