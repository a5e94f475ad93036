exec "import os"
