# SQLAlchemy 1.3 only: 1.4 already rejected for_update= (the migrated snapshot runs on 2.0).
from sqlalchemy import select

locked = select(t.c.id).where(t.c.id == 5).with_for_update()
no_wait = select(t.c.id).with_for_update(nowait=True)
shared = select(t.c.id).with_for_update(read=True)
shared_no_wait = select(t.c.id).with_for_update(read=True, nowait=True)
unlocked = select(t.c.id)
